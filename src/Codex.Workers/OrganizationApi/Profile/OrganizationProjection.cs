using System.Linq.Expressions;
using Codex.Contracts.Organizations;
using Codex.Data;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary>The one mapping from an organization row to the wire shape.</summary>
public static class OrganizationProjection
{
    public static readonly Expression<Func<Organization, OrganizationDto>> ToDto = o =>
        new OrganizationDto(o.Id, o.Slug, o.Name, o.Description, o.LogoUrl, o.WebsiteUrl, o.CreatedAt) { SuspendedAt = o.SuspendedAt };

    /// <summary><see cref="ToDto"/> compiled once, for rows already loaded.</summary>
    public static readonly Func<Organization, OrganizationDto> Map = ToDto.Compile();
}
