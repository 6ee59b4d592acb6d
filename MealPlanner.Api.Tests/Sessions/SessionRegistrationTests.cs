using MealPlanner.Api.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MealPlanner.Api.Tests.Sessions;

public class SessionRegistrationTests
{
    /// <summary>Data Protection's start-up warm-up read the key ring from Redis while Redis was still connecting, and
    /// logged an error on every start. The warm-up is matched by its type name: if a new ASP.NET Core renames it, this
    /// fails instead of the error quietly coming back.</summary>
    [Fact]
    public void The_key_ring_is_not_read_while_the_host_starts()
    {
        var plain = new ServiceCollection();
        plain.AddDataProtection();
        Assert.Contains(plain, IsDataProtectionWarmUp);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.AddSessions();

        Assert.DoesNotContain(builder.Services, IsDataProtectionWarmUp);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IDataProtectionProvider));
    }

    private static bool IsDataProtectionWarmUp(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Namespace == "Microsoft.AspNetCore.DataProtection.Internal";
}
