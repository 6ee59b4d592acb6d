namespace MealPlanner.Data.Seeding;

/// <summary>What the seeds need from outside the source: the admin's password, a secret of the deployment.</summary>
public sealed record SeedSettings(string? AdminPassword)
{
    /// <summary>The configuration key (a contract with the AppHost, which passes <c>Seed__AdminPassword</c>).</summary>
    public const string AdminPasswordKey = "Seed:AdminPassword";
}

/// <summary>What one seeding pass inserted; all zero when the seeds were already there.</summary>
public sealed record SeedReport(bool AdminCreated, int IngredientsCreated, int RecipesCreated)
{
    public bool ChangedAnything => AdminCreated || IngredientsCreated > 0 || RecipesCreated > 0;
}
