using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.2: RDS PostgreSQL 15 as the spec sizes it, rotated credentials, RDS Proxy.</summary>
[Collection(SynthCollection.Name)]
public sealed class DatabaseTests(SynthFixture synth)
{
    [Fact]
    public void Rds_postgres_15_small_multi_az_gp3_100gb_to_1tb_encrypted_with_30_day_backups_at_3am()
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::RDS::DBInstance", new Dictionary<string, object>
        {
            ["Engine"] = "postgres",
            ["EngineVersion"] = Match.StringLikeRegexp("^15"),
            ["DBInstanceClass"] = "db.t3.small",
            ["MultiAZ"] = true,
            ["StorageType"] = "gp3",
            ["AllocatedStorage"] = "100",
            ["MaxAllocatedStorage"] = 1000,
            ["StorageEncrypted"] = true,
            // Automated backups (retention > 0) are what gives point-in-time recovery.
            ["BackupRetentionPeriod"] = 30,
            ["PreferredBackupWindow"] = "03:00-03:30",
            ["DeletionProtection"] = true,
            ["DBName"] = "mealplanner",
            ["PubliclyAccessible"] = false,
            ["EnableCloudwatchLogsExports"] = Match.ArrayWith(["postgresql"]),
        });
    }

    [Fact]
    public void Deletion_protection_is_on_in_production_only()
    {
        synth.Committed("staging").Platform.HasResourceProperties("AWS::RDS::DBInstance", new Dictionary<string, object> { ["DeletionProtection"] = false });
    }

    [Fact]
    public void Tls_is_forced_by_the_parameter_group()
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::RDS::DBParameterGroup", new Dictionary<string, object>
        {
            ["Family"] = "postgres15",
            ["Parameters"] = Match.ObjectLike(new Dictionary<string, object> { ["rds.force_ssl"] = "1" }),
        });
    }

    [Fact]
    public void Credentials_are_generated_into_env_db_password_and_rotated_every_30_days()
    {
        var template = synth.Committed("production").Platform;

        template.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Tags"] = SecretsTests.NamedAs("production/db/password"),
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["GenerateStringKey"] = "password",
                ["SecretStringTemplate"] = "{\"username\":\"postgres\"}",
            }),
        });
        template.HasResourceProperties("AWS::SecretsManager::SecretTargetAttachment", new Dictionary<string, object> { ["TargetType"] = "AWS::RDS::DBInstance" });
        template.HasResourceProperties("AWS::SecretsManager::RotationSchedule", new Dictionary<string, object>
        {
            ["HostedRotationLambda"] = Match.ObjectLike(new Dictionary<string, object> { ["RotationType"] = "PostgreSQLSingleUser" }),
            ["RotationRules"] = new Dictionary<string, object> { ["ScheduleExpression"] = "rate(30 days)" },
        });
    }

    [Fact]
    public void Rds_proxy_pools_connections_with_tls_using_the_rotated_secret()
    {
        var template = synth.Committed("production").Platform;

        template.HasResourceProperties("AWS::RDS::DBProxy", new Dictionary<string, object>
        {
            ["DBProxyName"] = "meal-planner-production-proxy",
            ["EngineFamily"] = "POSTGRESQL",
            ["RequireTLS"] = true,
            ["Auth"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["AuthScheme"] = "SECRETS" })]),
        });
        template.ResourceCountIs("AWS::RDS::DBProxyTargetGroup", 1);
        template.HasResourceProperties("AWS::RDS::DBProxyTargetGroup", new Dictionary<string, object>
        {
            ["ConnectionPoolConfigurationInfo"] = Match.ObjectLike(new Dictionary<string, object> { ["ConnectionBorrowTimeout"] = 3 }),
        });
    }

    [Fact]
    public void The_first_rotation_waits_a_full_interval_and_the_schedule_comes_after_the_services_and_the_migration_task()
    {
        var s = synth.Committed("production");
        var (_, schedule) = s.Resources("AWS::SecretsManager::RotationSchedule").Single();

        Assert.False(schedule["Properties"]!["RotateImmediatelyOnUpdate"]!.GetValue<bool>());
        var dependsOn = schedule["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        var services = s.Resources("AWS::ECS::Service").Select(r => r.Id).ToList();
        var runs = s.PlatformJson["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "Custom::RunTaskToCompletion").Select(r => r.Key).ToList();
        Assert.NotEmpty(services);
        Assert.NotEmpty(runs);
        Assert.All(services.Concat(runs), id => Assert.Contains(id, dependsOn));
    }

    [Fact]
    public void Web_services_sign_in_to_the_proxy_with_iam_and_hold_no_password_while_migrations_read_it_at_start()
    {
        var s = synth.Committed("production");

        s.Platform.HasResourceProperties("AWS::RDS::DBProxy", new Dictionary<string, object>
        {
            ["Auth"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["AuthScheme"] = "SECRETS",
                ["IAMAuth"] = "REQUIRED",
                ["ClientPasswordAuthType"] = "POSTGRES_SCRAM_SHA_256",
            })]),
        });
        Assert.DoesNotContain("PGPASSWORD", Synthesized.Names(s.Container("api")["Secrets"]));
        Assert.Contains("PGPASSWORD", Synthesized.Names(s.Container("migrations")["Secrets"]));

        // rds-db:connect as the database user, through this proxy only, on the api's task role alone.
        var connectPolicies = s.Resources("AWS::IAM::Policy").Where(p => p.Resource.ToJsonString().Contains("rds-db:connect")).ToList();
        var policy = Assert.Single(connectPolicies).Resource;
        Assert.Contains("/postgres", policy.ToJsonString());
        Assert.Contains("DatabaseProxy", policy.ToJsonString());
        Assert.Contains("apiservice", policy["Properties"]!["Roles"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_database_sits_in_the_isolated_subnets()
    {
        var s = synth.Committed("production");
        var subnetGroup = s.Resources("AWS::RDS::DBSubnetGroup").Single().Resource["Properties"]!["SubnetIds"]!.ToJsonString();

        Assert.Contains("isolatedSubnet1", subnetGroup);
        Assert.Contains("isolatedSubnet2", subnetGroup);
        Assert.DoesNotContain("private", subnetGroup);
    }
}
