// The F# client as a script: `dotnet fsi examples/FSharpClient/check.fsx` after a build of the solution (Debug),
// whose output directory holds Verifier's assemblies and their dependencies.
#I "bin/Debug/net10.0"
#I "bin/Release/net10.0"
#r "Verifier.Symbolic.dll"
#r "Verifier.Numerics.dll"
#r "Verifier.Landscape.dll"
#r "Verifier.Proofs.dll"

open System.IO
open Verifier.Landscape.Claims
open Verifier.Landscape.Instances
open Verifier.Landscape.Theories
open Verifier.Proofs

let root = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "..", ".."))
let instance = InstanceFile.Read(Path.Combine(root, "examples", "instances", "relu-kink.json"))
for claim in [ "local-min"; "strict-local-min"; "critical-point" ] do
    let verdict = (Catalogue.Get claim).Decide(ClaimInput(instance, StandardTheories.All))
    match verdict with
    | :? Verdict.Verified as v -> printfn "%s: verified (%s)" claim v.Why
    | :? Verdict.Refuted as r -> printfn "%s: refuted (%s)" claim r.Why
    | other -> printfn "%s: %s (%s)" claim other.Word other.Reason
