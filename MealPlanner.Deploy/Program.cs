using MealPlanner.Deploy;
using MealPlanner.Deploy.Infrastructure;

// aspire-manifest.json + settings/{env}.json -> CloudFormation in cdk.out (or $CDK_OUTDIR).
// Problems the user can fix are one line on stderr and exit code 2; no stack trace.

// jsii unpacks ~64 MB into TMPDIR on every run and leaves it there: give it a folder we delete.
var jsiiScratch = Directory.CreateTempSubdirectory("mealplanner-deploy-jsii-");
Environment.SetEnvironmentVariable("TMPDIR", jsiiScratch.FullName);
// jsii runs on Node 20 here; its end-of-life banner is noise on every run.
if (Environment.GetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION") is null)
{
    Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
}

try
{
    var options = DeployOptions.Parse(args, Directory.GetCurrentDirectory());
    var deployment = DeploymentApp.Create(options);
    foreach (var (project, environment) in deployment.Platform.TaskEnvironments)
    {
        foreach (var (variable, reason) in environment.Dropped)
        {
            Console.Error.WriteLine($"note: {project}: {variable} is not passed to AWS: {reason}");
        }
    }

    foreach (var warning in deployment.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }

    var assembly = deployment.App.Synth();
    Console.Error.WriteLine($"synthesized {options.Environment} from {options.ManifestPath} into {assembly.Directory}");
    return 0;
}
catch (DeployProblem problem)
{
    Console.Error.WriteLine($"error: {problem.Message}");
    return 2;
}
finally
{
    try
    {
        jsiiScratch.Delete(recursive: true);
    }
    catch (IOException)
    {
        // The jsii node process may still be closing a file; the OS temp cleaner gets the rest.
    }
}
