// Scribble2Label: human in the loop. After a first training, look at the result (Plugins >
// Segmentation > Scribble2Label > Where to Scribble Next shows where the model is unsure), add
// a few more scribbles to the ROI Manager where the result is wrong, and continue training from
// the model instead of starting again.
//
// Argument (optional): "model=/path/model.zip continued=/path/model-2.zip crops=1000"

args = getArgument();
model = valueOf(args, "model", "");
if (model == "") model = File.openDialog("Scribble2Label model to continue (.zip)");
continued = valueOf(args, "continued", replace(model, ".zip", "-continued.zip"));
crops = valueOf(args, "crops", "0");

run("Continue Scribble2Label Training", "image=[" + getTitle() + "] scribbles=[ROI Manager] preset=[fast (CPU)] " +
	"training_crops=" + crops + " warmup_crops=0 tau=0.8 alpha=0.2 lambda=0.5 seed=42 device=auto " +
	"split_touching min_object_size=16 model_file=[" + model + "] save_model_as=[" + continued + "] overwrite");
print("Scribble2Label: continued model saved to " + continued);

function valueOf(args, key, default) {
	words = split(args, " ");
	for (i = 0; i < words.length; i++)
		if (startsWith(words[i], key + "="))
			return substring(words[i], lengthOf(key) + 1);
	return default;
}
