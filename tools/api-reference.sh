#!/usr/bin/env bash
# Regenerates the API reference, docs/api/ (one Markdown page per public type and namespace), from the XML doc
# comments of the libraries: Verifier.Symbolic, Verifier.Symbolic.Compilation, Verifier.Numerics,
# Verifier.Landscape, Verifier.Gpu, Verifier.Generators and Verifier.Proofs.
#
#   tools/api-reference.sh
#
# It runs `docfx metadata` with Markdown output (tools/api-reference/docfx.json), with docfx 2.81.0 from its own tool
# manifest (tools/api-reference/.config/dotnet-tools.json, restored here with `dotnet tool restore`). It is kept apart
# from the repository's manifest, whose tools CI restores: docfx is large (about 500 MB unpacked) and only this
# script needs it. The old pages are removed first,
# so a type that is gone leaves no page behind. The pages are generated, not committed (docs/api/ is ignored by
# git): the doc comments in the sources are the reference, and the build keeps them complete (a public member
# without a comment is a build error).
#
# Exit: 0 written; 1 when the tool cannot be restored or docfx fails (its output says why).
set -uo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)" || exit 1
cd "$root" || exit 1

if ! (cd tools/api-reference && dotnet tool restore >/dev/null); then
    echo "api-reference: 'dotnet tool restore' failed (docfx 2.81.0 comes from NuGet)" >&2
    exit 1
fi

rm -rf docs/api
if ! (cd tools/api-reference && dotnet docfx metadata docfx.json); then
    echo "api-reference: docfx metadata failed" >&2
    exit 1
fi

pages=$(find docs/api -name '*.md' | wc -l)
echo "api-reference: wrote $pages pages to docs/api/ (start at docs/api/toc.yml or a namespace page such as docs/api/Verifier.Landscape.Claims.md)"
