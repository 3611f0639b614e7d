// Scribble2Label: apply a trained model to every image of a folder.
// For each NAME.tif the output folder gets NAME_labels.tif (class per pixel), NAME_mask.tif,
// NAME_instances.tif (one label per object, touching nuclei split) and
// NAME_probabilities.tif (one channel per class), all four or none. Unreadable files are skipped
// and listed in the log; images whose results exist are done already and kept.
//
// Argument (optional): "model=/path/model.zip input=/path/images output=/path/results"
// Without an argument the macro asks for each.

args = getArgument();
model = valueOf(args, "model", "");
input = valueOf(args, "input", "");
output = valueOf(args, "output", "");
if (model == "") model = File.openDialog("Scribble2Label model (.zip)");
if (input == "") input = getDirectory("Folder of images");
if (output == "") output = getDirectory("Folder for the results");

// Every input as key=value, booleans as =true or =false, as Fiji's Macro Recorder writes them.
run("Apply Scribble2Label Model to Folder", "model_file=[" + model + "] input_folder=[" + input + "] " +
	"output_folder=[" + output + "] channel=0 file_pattern=*.tif split_touching=true min_object_size=16 " +
	"overwrite=false shard=1/1 device=auto");
print("Scribble2Label: results in " + output);

function valueOf(args, key, default) {
	words = split(args, " ");
	for (i = 0; i < words.length; i++)
		if (startsWith(words[i], key + "="))
			return substring(words[i], lengthOf(key) + 1);
	return default;
}
