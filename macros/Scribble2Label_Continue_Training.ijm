// Scribble2Label: human in the loop. After a first training, look at the result (Plugins >
// Segmentation > Scribble2Label > Where to Scribble Next shows where the model is unsure), add
// a few more scribbles to the ROI Manager where the result is wrong, and continue training from
// the model instead of starting again. ROIs that Apply or Where to Scribble Next added to the ROI
// Manager are not scribbles: they are skipped, and the log says how many.
//
// Argument (optional): "model=/path/model.zip continued=/path/model-2.zip crops=1000 warmup=400 window=false"
// crops = training length in crops (0 = the preset's); warmup = scribble-only crops (0 = 40% of
// a shorter training); window = whether to show the training window.
//
// Every input is written as key=value, booleans as =true or =false, as Fiji's Macro Recorder does.

args = getArgument();
model = valueOf(args, "model", "");
if (model == "") model = File.openDialog("Scribble2Label model to continue (.zip)");
continued = valueOf(args, "continued", replace(model, ".zip", "-continued.zip"));
crops = parseInt(valueOf(args, "crops", "0"));
warmup = parseInt(valueOf(args, "warmup", "0"));
window = valueOf(args, "window", "true");
if (crops > 0 && warmup == 0) warmup = round(crops * 0.4);

run("Continue Scribble2Label Training", "image=[" + getTitle() + "] channel=0 scribbles=[ROI Manager] " +
	"labeling_file=[] scribble_labels=none preset=[fast (CPU)] device=auto split_touching=true " +
	"min_object_size=16 show_window=" + window + " overwrite=true training_crops=" + crops + " " +
	"warmup_crops=" + warmup + " tau=0.8 alpha=0.2 lambda=0.5 crf_weight=0 learning_rate=0 balance_classes=false " +
	"ensemble_period=0 network_depth=0 network_width=0 crop_size=0 batch_size=0 seed=42 " +
	"model_file=[" + model + "] save_model_as=[" + continued + "]");
print("Scribble2Label: continued model saved to " + continued);

function valueOf(args, key, default) {
	words = split(args, " ");
	for (i = 0; i < words.length; i++)
		if (startsWith(words[i], key + "="))
			return substring(words[i], lengthOf(key) + 1);
	return default;
}
