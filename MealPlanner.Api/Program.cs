using MealPlanner.Api;
using MealPlanner.Api.Caching;
using MealPlanner.Api.Hardening;
using MealPlanner.Api.Health;
using MealPlanner.Api.Images;
using MealPlanner.Api.Observability;
using MealPlanner.Api.OpenApi;
using MealPlanner.Api.Recipes;
using MealPlanner.Api.Sessions;
using MealPlanner.Api.Versioning;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddErrorReporting();
builder.AddMealPlannerData();
builder.AddMealPlannerCache();
builder.AddDistributedRedisCache();
builder.AddSessions();
builder.AddImageStorage();
builder.AddRecipes();
builder.AddHardening();
builder.AddApiDocument();

var app = builder.Build();

app.UseInstanceHeader();
app.UseHardening();
app.UseSessions();

if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    app.MapApiReference();
}

app.MapDefaultEndpoints();
app.MapVersion();
app.MapRecipes();
app.MapImages();
app.MapSessionPreferences();

app.Run();

/// <summary>Entry point type, visible to integration tests.</summary>
public partial class Program;
