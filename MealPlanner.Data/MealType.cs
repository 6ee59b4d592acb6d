namespace MealPlanner.Data;

/// <summary>The slot of the day a planned meal fills; stored as its lower-case name.</summary>
public enum MealType
{
    Breakfast,
    Lunch,
    Dinner,
    Snack,
}

public static class MealTypes
{
    public static string ToDatabaseValue(this MealType mealType) => mealType.ToString().ToLowerInvariant();

    public static MealType FromDatabaseValue(string value) => Enum.Parse<MealType>(value, ignoreCase: true);

    /// <summary>The SQL list of valid values, for the check constraint.</summary>
    public static string SqlList() =>
        string.Join(", ", Enum.GetValues<MealType>().Select(t => $"'{t.ToDatabaseValue()}'"));
}
