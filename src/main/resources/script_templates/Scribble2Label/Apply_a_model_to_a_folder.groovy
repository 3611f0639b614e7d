#@ File (label = "Model file (.zip)", style = "open") model_file
#@ File (label = "Input folder", style = "directory") input_folder
#@ File (label = "Output folder", style = "directory") output_folder
#@ String (label = "File pattern", value = "*.tif", description = "Which files to process, e.g. *.tif or *.png") file_pattern
#@ Boolean (label = "Include subfolders", value = false) include_subfolders
#@ Boolean (label = "Split touching objects", value = true) split_touching
#@ Integer (label = "Minimum object size (pixels)", value = 16, min = 0) min_object_size
#@ Boolean (label = "Overwrite existing outputs", value = false) overwrite
#@ String (label = "Device", choices = {"auto", "CPU", "GPU"}, value = "auto") device
#@ CommandService commands
#@ LogService log
#@output Integer processed
#@output String report

/*
 * Scribble2Label: apply a trained model to every image of a folder, and of its subfolders if asked.
 *
 * For each image NAME.tif the output folder gets NAME_labels.tif (class of every pixel),
 * NAME_mask.tif (255 = object), NAME_instances.tif (one number per object) and NAME_probabilities.tif
 * (one channel per class), all four or none. With subfolders, the output folder repeats the input's
 * folder tree. Images whose four results exist are done already and skipped, unless "Overwrite
 * existing outputs" is ticked; unreadable files are skipped and listed.
 *
 * Each folder is processed by the command Plugins > Segmentation > Scribble2Label > Apply Scribble2Label
 * Model to Folder, which this script calls like a macro would: one image at a time, so memory stays
 * bounded by the largest image.
 */

import java.nio.file.Files
import java.nio.file.Path
import java.util.stream.Collectors

import org.scribble2label.fiji.ApplyModelToFolderCommand
import org.scribble2label.io.ImageFolder

final Path input = input_folder.toPath().toAbsolutePath().normalize()
final Path output = output_folder.toPath().toAbsolutePath().normalize()
if (!Files.isDirectory(input))
	throw new IllegalArgumentException("The input folder ${input} does not exist: choose the folder with the images.")
if (!model_file.isFile())
	throw new IllegalArgumentException("No model file at ${model_file}: choose a .zip model saved by Scribble2Label.")

// The folders to process: the input folder and, if asked, its subfolders with matching files. The
// output folder is left out when it lies inside the input folder, so results are never re-processed.
final boolean outputInsideInput = output != input && output.startsWith(input)
final List<Path> folders = Files.walk(input, include_subfolders ? Integer.MAX_VALUE : 0).withCloseable { final walk ->
	walk.filter { final Path dir -> Files.isDirectory(dir) && !(outputInsideInput && dir.startsWith(output)) }
		.filter { final Path dir -> !ImageFolder.images(dir, file_pattern).isEmpty() }
		.sorted().collect(Collectors.toList())
}
if (folders.isEmpty())
	throw new IllegalArgumentException("No file matches '${file_pattern}' in ${input}${include_subfolders ? ' or its subfolders' : ''}.")

processed = 0
int doneAlready = 0
final List<String> skipped = []
for (final Path folder : folders) {
	final Path target = output.resolve(input.relativize(folder).toString())
	Files.createDirectories(target)
	log.info("Scribble2Label: ${folder} -> ${target}")
	final module = commands.run(ApplyModelToFolderCommand, false,
		"model_file", model_file, "input_folder", folder.toFile(), "output_folder", target.toFile(),
		"file_pattern", file_pattern, "split_touching", split_touching, "min_object_size", min_object_size,
		"overwrite", overwrite, "device", device).get()
	if (module.isCanceled())
		throw new IllegalStateException("Scribble2Label stopped at ${folder}: ${module.getCancelReason()}")
	processed += module.getOutput("processed")
	doneAlready += module.getOutput("done_already")
	final String skippedHere = module.getOutput("skipped")
	final String relative = input.relativize(folder).toString()
	if (skippedHere) skippedHere.split("\n").each { skipped << (relative.isEmpty() ? it : relative + File.separator + it) }
}

report = "Processed ${processed} image(s) in ${folders.size()} folder(s)" +
	(doneAlready > 0 ? " (${doneAlready} done already)" : "") + "; results in ${output}" +
	(skipped.isEmpty() ? "" : "\nSkipped ${skipped.size()}:\n  ${skipped.join('\n  ')}")
log.info("Scribble2Label: " + report)
