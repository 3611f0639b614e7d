#!/usr/bin/env bash
# After the array: checks that every image of INPUT has its four results in OUTPUT and prints a
# summary; --counts adds the number of objects of every image. Exit code 0 only when all are
# there. Run it as a dependent job, or by hand:
#
#   sbatch --dependency=afterany:$ARRAY_JOB scripts/slurm/check-outputs.sh INPUT OUTPUT [--counts]
#
# With a stack as INPUT, the per-slice results of a sharded run are checked.
#SBATCH --job-name=s2l-check
#SBATCH --output=s2l-check-%j.log
set -euo pipefail
if [ $# -lt 2 ]; then
	echo "Usage: $0 INPUT OUTPUT [--counts]" >&2
	exit 2
fi
input=$1 output=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# sbatch runs a copy of this script from its spool folder: then the checkout is where the job was submitted.
[ -d "$here/target/classes" ] || here=${SLURM_SUBMIT_DIR:-$here}
classpath=${S2L_CLASSPATH:-$here/target/classes:$here/target/lib/*}
exec "${S2L_JAVA:-java}" -cp "$classpath" org.scribble2label.cli.Scribble2LabelCli predict --check \
	--input "$input" --output "$output" --shard 1/1 "$@"
