namespace MealPlanner.Deploy;

/// <summary>
/// A problem the user can fix (bad manifest, bad settings, bad arguments).
/// Program prints only its one-line message and exits non-zero: no stack trace.
/// </summary>
public sealed class DeployProblem(string message) : Exception(message);
