using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// Every worker in one process (no site), as the all-in-one host runs them: the workers' session cache is on (ADR 025),
/// so disabling is tested against it; the catalogue, checkout, joining and the library show what suspension does.
/// </summary>
public sealed class PlatformAdminFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [.. WorkerInfo.All.Select(w => w.Role)];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["RateLimits:FailedLoginsPerEmail"] = "1000",
    };
}

[CollectionDefinition(Name)]
public sealed class PlatformAdminCollection : ICollectionFixture<PlatformAdminFixture>
{
    public const string Name = "platform-admin";
}
