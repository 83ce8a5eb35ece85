using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi;

/// <summary>The Organization-API alone on an empty database: each test arranges its own organizations and people.</summary>
public sealed class OrganizationsFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.OrganizationApi];
}

[CollectionDefinition(Name)]
public sealed class OrganizationsCollection : ICollectionFixture<OrganizationsFixture>
{
    public const string Name = "organizations";
}
