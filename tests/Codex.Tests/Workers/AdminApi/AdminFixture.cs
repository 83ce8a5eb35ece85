using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// The Admin-API with the workers its routes reach or affect: the Ecom-API (refunds through the offline provider and its
/// webhook), the Content-API (streaming and the library that a grant or a refund changes) and Notifications.
/// </summary>
public sealed class AdminFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.EcomApi, Role.ContentApi, Role.AdminApi];
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin";
}
