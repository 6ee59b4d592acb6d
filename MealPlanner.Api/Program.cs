using MealPlanner.Api;
using MealPlanner.Api.Health;
using MealPlanner.Api.Versioning;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMealPlannerData();
builder.AddMealPlannerCache();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    app.MapApiReference();
}

app.MapDefaultEndpoints();
app.MapVersion();

app.Run();

/// <summary>Entry point type, visible to integration tests.</summary>
public partial class Program;
