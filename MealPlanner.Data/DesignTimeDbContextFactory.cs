using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MealPlanner.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MealPlannerDbContext>
{
    public MealPlannerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MealPlannerDbContext>();
        MealPlannerDbContextOptions.Configure(options, "Host=localhost;Database=mealplanner");
        return new MealPlannerDbContext(options.Options);
    }
}
