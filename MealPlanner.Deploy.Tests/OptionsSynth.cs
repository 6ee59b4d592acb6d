using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// Two web projects with every optional edge setting on (Fixtures/settings-options.json: hosted zone, interface
/// endpoints, scaling limits), synthesized once for the tests that need it.
/// </summary>
public static class OptionsSynth
{
    private static Synthesized? _synthesized;

    public static DeploySettings Settings(string env = "production") =>
        DeploySettings.Load(SynthFixture.Fixture("settings-options.json"), DeploymentEnvironment.Of(env));

    public static Synthesized Get(SynthFixture synth)
    {
        if (_synthesized is not null)
        {
            return _synthesized;
        }

        var outdir = Path.Combine(synth.Scratch, "options");
        var deployment = DeploymentApp.Create(ManifestReader.Load(SynthFixture.Fixture("two-web-projects.json")), Settings(), DeploymentEnvironment.Of("production"), outdir);
        deployment.App.Synth();
        string Read(string stack) => File.ReadAllText(Path.Combine(outdir, $"{stack}.template.json"));
        var platform = Read(deployment.Platform.StackName);
        var registry = Read(deployment.Registry.StackName);
        return _synthesized = new Synthesized(deployment, Template.FromString(platform), Template.FromString(registry),
            JsonNode.Parse(platform)!.AsObject(), JsonNode.Parse(registry)!.AsObject());
    }
}
