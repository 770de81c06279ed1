// Verifier from F#: load an instance, decide a claim and match on the verdict, then run an FsCheck property over
// Verifier's seeded deep linear instances ("every local minimum is global" on instances meeting Kawaguchi's
// hypotheses). Exit 0 when every verdict is the expected one.
module Verifier.Examples.FSharpClient.Program

open System
open System.IO
open FsCheck
open FsCheck.FSharp
open Verifier.Landscape.Claims
open Verifier.Landscape.DeepLinear
open Verifier.Landscape.Instances
open Verifier.Landscape.Networks
open Verifier.Landscape.Theories
open Verifier.Proofs

/// The repository root: the first directory above the start that holds Verifier.sln.
let rec repositoryRoot (dir: DirectoryInfo | null) =
    match dir with
    | null -> failwith "Verifier.sln not found above the program"
    | d when File.Exists(Path.Combine(d.FullName, "Verifier.sln")) -> d.FullName
    | d -> repositoryRoot d.Parent

/// One line per verdict; verdicts are a closed union of records, matched by type.
let describe (verdict: Verdict) =
    match verdict with
    | :? Verdict.Verified as v -> sprintf "verified: %s" v.Why
    | :? Verdict.Refuted as r -> sprintf "refuted: %s" r.Why
    | :? Verdict.HypothesesNotMet as h -> sprintf "hypotheses not met: %s" (String.Join("; ", h.Failed))
    | other -> sprintf "%s: %s" other.Word other.Reason

/// A deep linear instance meeting Kawaguchi's hypotheses, from a seed (widths 3-2-3 or 3-2-2-3).
let linearInstance (seed: int) (deep: bool) =
    let layers = if deep then [| 3; 2; 2; 3 |] else [| 3; 2; 3 |]
    RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, Random(seed), LossKind.Sse, sprintf "fsharp-seed%d" seed)

[<EntryPoint>]
let main argv =
    let root = repositoryRoot (DirectoryInfo(AppContext.BaseDirectory))

    // [snippet:fsharp-claim]
    let origin = InstanceFile.Read(Path.Combine(root, "examples", "instances", "kawaguchi-depth3-origin.json"))
    let saddle = GenericClaims.Saddle.Decide(ClaimInput(origin, StandardTheories.All))
    printfn "saddle at Kawaguchi's origin: %s" (describe saddle)
    // [/snippet:fsharp-claim]

    // [snippet:fsharp-property]
    let claim = Catalogue.Get "kawaguchi2016.every-local-min-is-global"
    let decide seed deep = claim.Decide(ClaimInput(linearInstance seed deep, StandardTheories.All))
    let property =
        Prop.forAll (Arb.fromGen (Gen.zip (Gen.choose (1, 10_000)) (Gen.elements [ false; true ]))) (fun (seed, deep) ->
            match decide seed deep with
            | :? Verdict.Verified -> true
            | other -> failwithf "seed %d: %s" seed (describe other))
    let config = Config.QuickThrowOnFailure.WithMaxTest(12).WithReplay(Some { Rnd = Rnd(7UL, 11UL); Size = None })
    Check.One(config, property)
    printfn "every-local-min-is-global: verified on 12 random instances (FsCheck replay seed 7,11)"
    // [/snippet:fsharp-property]

    match saddle with
    | :? Verdict.Verified -> 0
    | _ -> 1
