// Scribble2Label: train on the current image from the scribbles in the ROI Manager.
//
// Before running: open the image, draw a few lines on the background and a few inside cells,
// and add each to the ROI Manager (key T). Give each a class: name it "background" or "cell"
// (ROI Manager > Rename), or put it in a group (Edit > Options > Roi Defaults: group 1 =
// background, group 2 = cells) before drawing.
//
// Optional argument (for batch use): "model=/path/model.zip crops=2000 warmup=800 window=false"
// crops = training length in crops (0 = the preset's: 300 when starting from the built-in starter
//         model, the default; 2000 with a warm-up of 800 from random weights);
// warmup = crops of scribble-only warm-up before pseudo-labels (0 = 40% of a shorter training);
// window = whether to show the training window.
//
// Every input of the command is written as key=value (booleans as =true or =false), as Fiji's
// Macro Recorder writes them: a missing or bare key would open the dialog in the middle of the macro.

args = getArgument();
model = valueOf(args, "model", getDirectory("home") + "scribble2label-model.zip");
crops = parseInt(valueOf(args, "crops", "0"));
warmup = parseInt(valueOf(args, "warmup", "0"));
window = valueOf(args, "window", "true");
// A warm-up as long as the training would leave out the pseudo-labels, i.e. Scribble2Label itself.
if (crops > 0 && warmup == 0) warmup = round(crops * 0.4);
title = getTitle();

run("Train from Scribbles", "image=[" + title + "] channel=0 scribbles=[ROI Manager] labeling_file=[] " +
	"scribble_labels=none preset=[fast (CPU)] device=auto split_touching=true min_object_size=16 " +
	"show_window=" + window + " overwrite=true training_crops=" + crops + " warmup_crops=" + warmup + " " +
	"tau=0.8 alpha=0.2 lambda=0.5 crf_weight=0 learning_rate=0 balance_classes=false ensemble_period=0 network_depth=0 " +
	"network_width=0 crop_size=0 batch_size=0 seed=42 model_file=[" + model + "] " +
	"start_from=[automatic (built-in starter for the image's kind)] start_model=none");

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
