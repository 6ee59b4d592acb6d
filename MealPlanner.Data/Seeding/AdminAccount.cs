namespace MealPlanner.Data.Seeding;

/// <summary>The first administrator, so a fresh environment can be managed before anyone signs up.</summary>
public static class AdminAccount
{
    public const string Email = "admin@mealplanner.com";
    public const string Name = "System Administrator";

    /// <summary>bcrypt cost 12: ~250 ms a hash on a server core, the spec's <c>$2b$12$</c>.</summary>
    public const int BcryptWorkFactor = 12;

    /// <summary>Shorter than this is refused: the generated AppHost parameter is far longer.</summary>
    public const int MinimumPasswordLength = 12;

    public static string HashPassword(string password) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(BcryptWorkFactor, 'b'));

    public static User Create(string password)
    {
        if (password.Length < MinimumPasswordLength)
        {
            throw new InvalidOperationException(
                $"{SeedSettings.AdminPasswordKey} is shorter than {MinimumPasswordLength} characters; the admin user was not created.");
        }

        return new User
        {
            Email = Email,
            Name = Name,
            Role = User.AdminRole,
            PasswordHash = HashPassword(password),
        };
    }
}
