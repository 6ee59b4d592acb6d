using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// Every log group of an environment: encrypted with the environment's log key, kept for the settings' retention,
/// and deleted with the stack (the logs have no value without the resources that wrote them).
/// </summary>
public sealed class LogGroups(IKey key, int retentionDays)
{
    public IKey Key { get; } = key;
    public int RetentionDays { get; } = retentionDays;

    /// <summary>A log group; <paramref name="name"/> when AWS writes to a fixed name (RDS, ElastiCache, a task's).</summary>
    public LogGroup Create(Construct scope, string id, string? name = null) => new(scope, id, new LogGroupProps
    {
        LogGroupName = name,
        Retention = LogRetention.FromDays(RetentionDays),
        EncryptionKey = Key,
        RemovalPolicy = RemovalPolicy.DESTROY,
    });
}
