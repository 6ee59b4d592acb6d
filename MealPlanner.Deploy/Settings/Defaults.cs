namespace MealPlanner.Deploy.Settings;

/// <summary>
/// The spec's values (epic 1), used only where the settings file says nothing.
/// </summary>
public static class Defaults
{
    public static void Fill(DeploySettings s, DeploymentEnvironment environment)
    {
        var production = environment.IsProduction;
        s.Region ??= "us-east-1";
        s.ImageTag ??= "latest";
        // A year: the Control Tower baseline (CT.CLOUDWATCH.PR.2); the volume of this API makes it cheap.
        s.LogRetentionDays ??= 365;

        // Two NAT gateways keep both AZs reachable in production; staging saves the cost of one.
        s.Network.NatGateways ??= production ? 2 : 1;
        // Interface endpoints cost per AZ and hour; the S3 gateway endpoint (free) carries the image layers.
        s.Network.InterfaceEndpoints ??= false;
        // An imported certificate is assumed to cover exactly the API's domain unless the file says more.
        s.CertificateNames ??= s.Domain is { Length: > 0 } domain ? [domain] : [];

        var db = s.Database;
        db.InstanceType ??= "t3.small";
        db.AllocatedStorageGb ??= 100;
        db.MaxAllocatedStorageGb ??= 1000;
        db.MultiAz ??= true;
        db.BackupRetentionDays ??= 30;
        db.BackupWindow ??= "03:00-03:30";
        db.DeletionProtection ??= production;
        db.RotationDays ??= 30;

        var cache = s.Cache;
        cache.NodeType ??= "cache.t3.micro";
        cache.Replicas ??= 1;
        cache.SnapshotRetentionDays ??= 7;
        cache.SnapshotWindow ??= "04:00-05:00";

        var storage = s.Storage;
        storage.BucketName ??= $"meal-planner-images-{environment.Name}";
        storage.CorsOrigins ??= [production ? "https://mealplanner.com" : $"https://{environment.Name}.mealplanner.com"];
        storage.TempExpirationDays ??= 1;
        storage.CdnTtlDays ??= 7;

        s.Budget.AlertsUsd ??= [50, 100, 150];

        // github.repository has no default: who may deploy is never guessed (checked when the app is built).
        s.GitHub.CreateOidcProvider ??= true;
    }

    public static void FillService(ServiceSettings service)
    {
        service.DesiredCount ??= 2;
        service.Cpu ??= 512;
        service.MemoryMiB ??= 1024;
        service.HealthCheckPath ??= "/health";
        // Three times the baseline absorbs a launch-day peak; the cost ceiling is in docs/infrastructure/AWS_SETUP.md.
        service.MaxCount ??= 3 * service.DesiredCount.Value;
        service.ScaleOnCpuPercent ??= 60;
        service.ScaleOnRequestsPerTarget ??= 500;
        service.Secrets ??= [];
    }
}
