using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MealPlanner.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreateRecipesAndMealPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingredients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("ingredients_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "meal_plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("meal_plans_pkey", x => x.id);
                    table.CheckConstraint("meal_plans_dates_check", "ends_on >= starts_on");
                    table.ForeignKey(
                        name: "meal_plans_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    instructions = table.Column<string>(type: "text", nullable: false),
                    servings = table.Column<int>(type: "integer", nullable: false),
                    prep_minutes = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    cook_minutes = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    calories_per_serving = table.Column<int>(type: "integer", nullable: true),
                    protein_grams_per_serving = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: true),
                    carbohydrate_grams_per_serving = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: true),
                    fat_grams_per_serving = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: true),
                    image_key = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("recipes_pkey", x => x.id);
                    table.CheckConstraint("recipes_cook_minutes_check", "cook_minutes >= 0");
                    table.CheckConstraint("recipes_nutrition_check", "calories_per_serving >= 0 AND protein_grams_per_serving >= 0 AND carbohydrate_grams_per_serving >= 0 AND fat_grams_per_serving >= 0");
                    table.CheckConstraint("recipes_prep_minutes_check", "prep_minutes >= 0");
                    table.CheckConstraint("recipes_servings_check", "servings > 0");
                    table.ForeignKey(
                        name: "recipes_author_id_fkey",
                        column: x => x.author_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "meal_plan_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    meal_plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipe_id = table.Column<Guid>(type: "uuid", nullable: false),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: false),
                    meal_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    servings = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("meal_plan_entries_pkey", x => x.id);
                    table.CheckConstraint("meal_plan_entries_meal_type_check", "meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')");
                    table.CheckConstraint("meal_plan_entries_servings_check", "servings > 0");
                    table.ForeignKey(
                        name: "meal_plan_entries_meal_plan_id_fkey",
                        column: x => x.meal_plan_id,
                        principalTable: "meal_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "meal_plan_entries_recipe_id_fkey",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "recipe_ingredients",
                columns: table => new
                {
                    recipe_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ingredient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(10,3)", precision: 10, scale: 3, nullable: false),
                    unit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    note = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("recipe_ingredients_pkey", x => new { x.recipe_id, x.ingredient_id });
                    table.CheckConstraint("recipe_ingredients_position_check", "position >= 0");
                    table.CheckConstraint("recipe_ingredients_quantity_check", "quantity > 0");
                    table.ForeignKey(
                        name: "recipe_ingredients_ingredient_id_fkey",
                        column: x => x.ingredient_id,
                        principalTable: "ingredients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "recipe_ingredients_recipe_id_fkey",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ingredients_name_key",
                table: "ingredients",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_meal_plan_entries_recipe_id",
                table: "meal_plan_entries",
                column: "recipe_id");

            migrationBuilder.CreateIndex(
                name: "meal_plan_entries_slot_recipe_key",
                table: "meal_plan_entries",
                columns: new[] { "meal_plan_id", "planned_on", "meal_type", "recipe_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_meal_plans_user_id_starts_on",
                table: "meal_plans",
                columns: new[] { "user_id", "starts_on" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_recipe_ingredients_ingredient_id",
                table: "recipe_ingredients",
                column: "ingredient_id");

            migrationBuilder.CreateIndex(
                name: "idx_recipes_author_id",
                table: "recipes",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "idx_recipes_created_at",
                table: "recipes",
                column: "created_at",
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_recipes_tags",
                table: "recipes",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "recipes_author_id_title_key",
                table: "recipes",
                columns: new[] { "author_id", "title" },
                unique: true,
                filter: "deleted_at IS NULL");

            // Written by hand: EF Core has no model for triggers (see UpdatedAtTrigger).
            migrationBuilder.CreateUpdatedAtTrigger("ingredients");
            migrationBuilder.CreateUpdatedAtTrigger("meal_plans");
            migrationBuilder.CreateUpdatedAtTrigger("recipes");
            migrationBuilder.CreateUpdatedAtTrigger("meal_plan_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meal_plan_entries");

            migrationBuilder.DropTable(
                name: "recipe_ingredients");

            migrationBuilder.DropTable(
                name: "meal_plans");

            migrationBuilder.DropTable(
                name: "ingredients");

            migrationBuilder.DropTable(
                name: "recipes");
        }
    }
}
