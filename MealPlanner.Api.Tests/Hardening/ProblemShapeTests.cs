using MealPlanner.Api.Hardening;
using Microsoft.AspNetCore.Http;

namespace MealPlanner.Api.Tests.Hardening;

public class ProblemShapeTests
{
    [Fact]
    public void Validation_errors_are_named_as_the_client_sent_the_fields()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["ContentType"] = ["contentType is required."],
            ["DietaryTags"] = ["too many"],
            ["q"] = ["too long"],
            ["path"] = ["control characters"],
        });

        ProblemShape.NameErrorsAsSent(problem);

        Assert.Equal(["contentType", "dietaryTags", "q", "path"], problem.Errors.Keys);
        Assert.Equal(["contentType is required."], problem.Errors["contentType"]);
    }

    [Fact]
    public void Messages_for_a_field_named_twice_are_kept_together()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["Limit"] = ["a"], ["limit"] = ["b"] });

        ProblemShape.NameErrorsAsSent(problem);

        Assert.Equal(["a", "b"], problem.Errors["limit"].Order());
    }
}
