using System.Reflection;
using System.Runtime;

namespace MealPlanner.AppHost;

/// <summary>
/// Multi-core JIT for the AppHost's start. Until DCP runs, the AppHost's main thread is the only thing happening, and
/// it spends that time compiling methods (Aspire's packages ship no pre-compiled code). Each run records which methods
/// it compiled (<c>MealPlanner.AppHost.jitprofile</c> beside the executable, rewritten at exit); the next run compiles
/// them ahead on a background thread, on the CPU the main thread leaves idle. "Starting DCP" came 0.2 s sooner
/// (docs/local/README.md, "Start-up time"). Only when this assembly is the program: in the tests the AppHost runs
/// inside the test host, whose start is not ours to profile.
/// </summary>
public static class StartupJitProfile
{
    public const string FileName = "MealPlanner.AppHost.jitprofile";

    public static void Start()
    {
        if (Assembly.GetEntryAssembly() != typeof(StartupJitProfile).Assembly)
        {
            return;
        }

        // Both calls fail silently (no profile, the normal JIT) where the folder is read-only.
        ProfileOptimization.SetProfileRoot(AppContext.BaseDirectory);
        ProfileOptimization.StartProfile(FileName);
    }
}
