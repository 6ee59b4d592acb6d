using System.ComponentModel.DataAnnotations;

namespace MealPlanner.Api.Tests;

/// <summary>Runs the DataAnnotations of a request record, as the API's validation does before a handler, and returns the
/// failing members by name.</summary>
internal static class Validation
{
    public static IReadOnlyList<string> FailingMembers(object request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames).Distinct()];
    }
}
