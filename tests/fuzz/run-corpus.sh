#!/usr/bin/env bash
# tests/fuzz/run-corpus.sh — replay each fuzz target's seed corpus
# (tests/fuzz/corpus/NAME/) through it.  In a --enable-fuzzing build the
# targets are libFuzzer programs and take the same arguments (-runs=0 there).
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
status=0; n=0
for t in ${FUZZ_TARGETS:-}; do
	name=${t##*/fuzz_}
	corpus=$srcdir/tests/fuzz/corpus/$name
	if [ ! -d "$corpus" ]; then
		echo "FAIL: no corpus for $t ($corpus)"; status=1; continue
	fi
	if "$builddir/$t" "$corpus"; then
		n=$((n + 1))
	else
		echo "FAIL: $t"; status=1
	fi
done
[ "$n" -gt 0 ] || { echo "no fuzz targets ran"; status=1; }
echo "$n fuzz targets replayed their corpus"
exit $status
