using MealPlanner.Deploy;
using MealPlanner.Deploy.Infrastructure;

// aspire-manifest.json + settings/{env}.json -> CloudFormation in cdk.out (or $CDK_OUTDIR).
// Problems the user can fix are one line on stderr and exit code 2; no stack trace.
try
{
    var options = DeployOptions.Parse(args, Directory.GetCurrentDirectory());
    var deployment = DeploymentApp.Create(options);
    var assembly = deployment.App.Synth();
    Console.Error.WriteLine($"synthesized {options.EnvironmentName} from {options.ManifestPath} into {assembly.Directory}");
    return 0;
}
catch (DeployProblem problem)
{
    Console.Error.WriteLine($"error: {problem.Message}");
    return 2;
}
