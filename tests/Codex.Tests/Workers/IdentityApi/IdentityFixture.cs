using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary>
/// The Identity-API with the workers its routes reach or affect: Auth (signing in after a deletion or an email change),
/// Notifications (the mailed confirmation link), the Content-API (the creator's username on content) and the Admin-API
/// (an organization's customers after a buyer deleted their account).
/// </summary>
public sealed class IdentityFixture : SystemFixture
{
    /// <summary>Failed password checks per account per window (the setting below).</summary>
    public const int FailedPasswords = 3;

    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth, Role.ContentApi, Role.AdminApi, Role.IdentityApi];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["RateLimits:FailedLoginsPerEmail"] = "3",
    };
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>
{
    public const string Name = "identity";
}
