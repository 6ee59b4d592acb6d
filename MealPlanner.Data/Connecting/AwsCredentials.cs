using Amazon.Runtime.Credentials;

namespace MealPlanner.Data.Connecting;

/// <summary>The task role's credentials, from the SDK's default chain (which caches and refreshes them).</summary>
internal static class AwsCredentials
{
    public static async ValueTask<AwsKeys> ResolveAsync(CancellationToken ct)
    {
        var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
        var keys = await credentials.GetCredentialsAsync();
        return new AwsKeys(keys.AccessKey, keys.SecretKey, keys.Token);
    }
}
