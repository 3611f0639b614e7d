// Scribble2Label: train on the current image from the scribbles in the ROI Manager.
//
// Before running: open the image, draw a few lines on the background and a few inside cells,
// and add each to the ROI Manager (key T). Give each a class: name it "background" or "cell"
// (ROI Manager > Rename), or put it in a group (Edit > Options > Roi Defaults: group 1 =
// background, group 2 = cells) before drawing.
//
// Optional argument (for batch use): "model=/path/model.zip crops=2000"
// crops = training length in crops (0 = the preset's).

args = getArgument();
model = valueOf(args, "model", getDirectory("home") + "scribble2label-model.zip");
crops = valueOf(args, "crops", "0");
title = getTitle();

run("Train from Scribbles", "image=[" + title + "] scribbles=[ROI Manager] preset=[fast (CPU)] " +
	"training_crops=" + crops + " warmup_crops=0 tau=0.8 alpha=0.2 lambda=0.5 seed=42 device=auto " +
	"split_touching min_object_size=16 model_file=[" + model + "] overwrite");

// The outputs are open now: "<title> probabilities", "<title> labels" and "<title> instances".
base = title;
if (lastIndexOf(title, ".") > 0) base = substring(title, 0, lastIndexOf(title, "."));
selectImage(base + " instances");
getStatistics(area, mean, min, max);
print("Scribble2Label found " + max + " objects in " + title + "; model saved to " + model);

// "key=value" from a space-separated argument, or the default.
function valueOf(args, key, default) {
	words = split(args, " ");
	for (i = 0; i < words.length; i++)
		if (startsWith(words[i], key + "="))
			return substring(words[i], lengthOf(key) + 1);
	return default;
}
