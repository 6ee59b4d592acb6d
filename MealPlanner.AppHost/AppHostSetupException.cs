namespace MealPlanner.AppHost;

/// <summary>The AppHost cannot start as configured; the message is one line that says what to do about it.</summary>
public class AppHostSetupException(string message) : Exception(message);
