using MealPlanner.Data.Connecting;
using Npgsql;

namespace MealPlanner.Tests.Unit;

/// <summary>When the app signs in to RDS with IAM tokens, and what the tokens look like; no AWS involved.</summary>
public sealed class RdsIamAuthenticationTests
{
    private const string Proxy = "meal-planner-production-proxy.proxy-c0abcdefgh12.us-east-1.rds.amazonaws.com";
    private const string Instance = "meal-planner-production-db.c0abcdefgh12.eu-west-2.rds.amazonaws.com";
    private static readonly AwsKeys Keys = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session/token+1=");

    [Theory]
    [InlineData(Proxy, null, null, true)]
    [InlineData(Instance, "", "", true)]
    [InlineData(Proxy, "secret", null, false)] // a password in the connection string wins
    [InlineData(Instance, null, "from-env", false)] // the migration task: PGPASSWORD, direct to the instance
    [InlineData("localhost", null, null, false)]
    [InlineData("postgres", null, null, false)]
    [InlineData("proxy.rds.amazonaws.com.attacker.example", null, null, false)]
    [InlineData("rds.amazonaws.com", null, null, false)]
    [InlineData("name.id.not-a-region.rds.amazonaws.com", null, null, false)]
    [InlineData(null, null, null, false)]
    public void Iam_sign_in_applies_only_to_rds_endpoints_without_any_password(string? host, string? password, string? pgPassword, bool expected)
    {
        Assert.Equal(expected, RdsIamAuthentication.Applies(host, password, pgPassword));
    }

    [Theory]
    [InlineData(Proxy, "us-east-1")]
    [InlineData(Instance, "eu-west-2")]
    [InlineData("X.Proxy-Abc.AP-SOUTHEAST-2.RDS.AMAZONAWS.COM", "ap-southeast-2")]
    [InlineData("name.id.us-gov-west-1.rds.amazonaws.com", "us-gov-west-1")]
    [InlineData("localhost", null)]
    public void The_region_comes_from_the_host_name(string host, string? region)
    {
        Assert.Equal(region, RdsIamAuthentication.RegionOf(host));
    }

    [Fact]
    public void Tokens_are_refreshed_well_before_their_fifteen_minutes_end()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), RdsIamAuthentication.TokenLifetime);
        Assert.True(RdsIamAuthentication.TokenLifetime - RdsIamAuthentication.RefreshInterval >= TimeSpan.FromMinutes(5));
        Assert.True(RdsIamAuthentication.RetryInterval < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void The_signer_reproduces_the_presigned_url_of_the_aws_signature_v4_documentation()
    {
        // The S3 example of "Authenticating Requests: Using Query Parameters" (AWS Signature Version 4).
        var url = SigV4Presigner.Presign(
            "examplebucket.s3.amazonaws.com", "/test.txt", new Dictionary<string, string>(), "s3", "us-east-1",
            new AwsKeys("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null),
            new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1), "UNSIGNED-PAYLOAD");

        Assert.EndsWith("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", url);
    }

    [Fact]
    public void A_token_is_a_presigned_rds_db_connect_for_the_endpoint_user_and_region()
    {
        var token = RdsIamAuthentication.GenerateToken(Proxy, 5432, "postgres", "us-east-1", Keys, new DateTimeOffset(2026, 11, 26, 7, 30, 0, TimeSpan.Zero));

        Assert.StartsWith($"{Proxy}:5432/?Action=connect&DBUser=postgres&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261126%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20261126T073000Z&X-Amz-Expires=900", token);
        Assert.Contains("&X-Amz-Security-Token=session%2Ftoken%2B1%3D&X-Amz-SignedHeaders=host&X-Amz-Signature=", token);
        Assert.Matches("X-Amz-Signature=[0-9a-f]{64}$", token);
    }

    [Fact]
    public async Task An_rds_data_source_without_password_asks_the_token_provider_WithoutAws()
    {
        var calls = 0;
        var builder = new NpgsqlDataSourceBuilder($"Host={Proxy};Port=5432;Username=postgres;Database=mealplanner;SSL Mode=Require");
        RdsIamAuthentication.ConfigureWhenApplicable(builder, pgPassword: null, _ => { Interlocked.Increment(ref calls); return ValueTask.FromResult(Keys); }, TimeProvider.System);

        await using var dataSource = builder.Build();
        // The periodic provider fetches its first token when the data source starts, before any connection.
        for (var i = 0; i < 50 && Volatile.Read(ref calls) == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(calls > 0, "the IAM token provider was never asked");
    }

    [Fact]
    public async Task A_local_data_source_is_left_alone()
    {
        var calls = 0;
        var builder = new NpgsqlDataSourceBuilder("Host=localhost;Port=5432;Username=postgres;Password=pw;Database=mealplanner");
        RdsIamAuthentication.ConfigureWhenApplicable(builder, pgPassword: null, _ => { Interlocked.Increment(ref calls); return ValueTask.FromResult(Keys); }, TimeProvider.System);

        await using var dataSource = builder.Build();
        await Task.Delay(500);

        Assert.Equal(0, Volatile.Read(ref calls));
    }
}
