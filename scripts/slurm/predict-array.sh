#!/usr/bin/env bash
# Scribble2Label prediction as a SLURM job array: task I of N predicts the I-th of N shards of a
# folder (files in name order) or of one stack's slices. See docs/cluster.md.
#
#   sbatch --array=1-20 --cpus-per-task=8 --mem=16G scripts/slurm/predict-array.sh MODEL.zip INPUT OUTPUT
#
# Runner: headless Fiji when S2L_FIJI names its launcher (ImageJ-linux64, with Scribble2Label
# installed), else the command line with S2L_CLASSPATH (default: this checkout's
# target/classes:target/lib/*). Other settings: S2L_JAVA (java), S2L_DEVICE (cpu|gpu, default:
# gpu when SLURM gave this task one), S2L_THREADS, S2L_HEAP_MB, S2L_PATTERN (Fiji's file
# pattern, default *.tif). Extra arguments after OUTPUT go to the command line's predict.
# Each task writes only its own images' results, each image all four or none; a rerun of the
# array (or of one task) skips what is complete, so resubmit after a failed node.
#SBATCH --job-name=s2l-predict
#SBATCH --output=s2l-predict-%A_%a.log
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "Usage: sbatch --array=1-N [--cpus-per-task=C] [--mem=M] $0 MODEL.zip INPUT OUTPUT [predict options]" >&2
	exit 2
fi
# Absolute paths: Fiji resolves relative ones against its own folder, not the job's.
model=$(realpath -m -- "$1") input=$(realpath -m -- "$2") output=$(realpath -m -- "$3")
shift 3

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
	echo "SLURM_ARRAY_TASK_ID is not set: submit this script as a job array (sbatch --array=1-N ...)." >&2
	exit 2
fi
# The shard of this task, counted from 1 whatever the array's first index and step.
min=${SLURM_ARRAY_TASK_MIN:-1}
step=${SLURM_ARRAY_TASK_STEP:-1}
count=${SLURM_ARRAY_TASK_COUNT:-}
if [ -z "$count" ]; then
	max=${SLURM_ARRAY_TASK_MAX:?neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is set}
	count=$(( (max - min) / step + 1 ))
fi
index=$(( (SLURM_ARRAY_TASK_ID - min) / step + 1 ))
if [ "$index" -lt 1 ] || [ "$index" -gt "$count" ]; then
	echo "Array task $SLURM_ARRAY_TASK_ID is outside the array ($min..., step $step, $count tasks)." >&2
	exit 2
fi
shard="$index/$count"

# Threads: the CPUs SLURM gave this task (the engine would otherwise use every core of the node).
threads=${S2L_THREADS:-${SLURM_CPUS_PER_TASK:-}}

# Heap: 70 % of the task's memory; libtorch's own memory lies outside Java's heap.
heap=${S2L_HEAP_MB:-}
if [ -z "$heap" ]; then
	if [ -n "${SLURM_MEM_PER_NODE:-}" ]; then
		heap=$(( SLURM_MEM_PER_NODE * 7 / 10 ))
	elif [ -n "${SLURM_MEM_PER_CPU:-}" ]; then
		heap=$(( SLURM_MEM_PER_CPU * ${SLURM_CPUS_PER_TASK:-1} * 7 / 10 ))
	fi
fi

# Device: a GPU only when SLURM gave this task one.
device=${S2L_DEVICE:-}
if [ -z "$device" ]; then
	if [ -n "${SLURM_JOB_GPUS:-}${SLURM_STEP_GPUS:-}" ] || { [ -n "${CUDA_VISIBLE_DEVICES:-}" ] && [ "${CUDA_VISIBLE_DEVICES}" != "NoDevFiles" ]; }; then
		device=gpu
	else
		device=cpu
	fi
fi

echo "Scribble2Label array task $SLURM_ARRAY_TASK_ID: shard $shard of $input on $device, ${threads:-default} threads, heap ${heap:+$heap MB}${heap:-default}"

if [ -n "${S2L_FIJI:-}" ]; then
	fiji_device=$( [ "$device" = gpu ] && echo GPU || echo CPU )
	mem=()
	[ -n "$heap" ] && mem=(--mem="${heap}m")
	[ -n "$threads" ] && export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Dai.djl.pytorch.num_threads=$threads"
	exec "$S2L_FIJI" "${mem[@]}" --headless --console --run "Apply Scribble2Label Model to Folder" \
		"model_file='$model',input_folder='$input',output_folder='$output',channel=0,file_pattern='${S2L_PATTERN:-*.tif}',split_touching=true,min_object_size=16,overwrite=false,device='$fiji_device',shard='$shard'"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# sbatch runs a copy of this script from its spool folder: then the checkout is where the job was submitted.
[ -d "$here/target/classes" ] || here=${SLURM_SUBMIT_DIR:-$here}
classpath=${S2L_CLASSPATH:-$here/target/classes:$here/target/lib/*}
java_options=()
[ -n "$heap" ] && java_options+=("-Xmx${heap}m")
predict_options=(--device "$device" --shard "$shard")
[ -n "$threads" ] && predict_options+=(--threads "$threads")
exec "${S2L_JAVA:-java}" "${java_options[@]}" -cp "$classpath" org.scribble2label.cli.Scribble2LabelCli predict \
	--model "$model" --input "$input" --output "$output" "${predict_options[@]}" "$@"
