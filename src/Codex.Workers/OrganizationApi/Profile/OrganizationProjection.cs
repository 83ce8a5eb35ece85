using System.Linq.Expressions;
using Codex.Contracts.Organizations;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary>The one mapping from an organization row to the wire shape.</summary>
public static class OrganizationProjection
{
    public static readonly Expression<Func<Organization, OrganizationDto>> ToDto = o =>
        new OrganizationDto(o.Id, o.Slug, o.Name, o.Description, o.LogoUrl, o.WebsiteUrl, o.CreatedAt) { SuspendedAt = o.SuspendedAt };

    /// <summary><see cref="ToDto"/> compiled once, for rows already loaded.</summary>
    public static readonly Func<Organization, OrganizationDto> Map = ToDto.Compile();

    /// <summary>
    /// The active members of each of <paramref name="organizationIds"/> (every role; accounts neither deleted nor
    /// disabled), in one grouped query whatever the number of organizations; an organization without any is absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> MemberCountsAsync(CodexDbContext db, IReadOnlyCollection<Guid> organizationIds,
        CancellationToken ct)
    {
        if (organizationIds.Count == 0) return new Dictionary<Guid, int>();
        return await db.Memberships.AsNoTracking()
            .Where(m => organizationIds.Contains(m.OrganizationId) && m.Status == MembershipStatus.Active
                && m.User!.DeletedAt == null && m.User.DisabledAt == null)
            .GroupBy(m => m.OrganizationId)
            .Select(g => new { OrganizationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.OrganizationId, c => c.Count, ct);
    }

    /// <summary><paramref name="organizations"/> with their <see cref="OrganizationDto.MemberCount"/> (ADR 035), counted in one query.</summary>
    public static async Task<List<OrganizationDto>> WithMemberCountsAsync(CodexDbContext db, IReadOnlyList<OrganizationDto> organizations,
        CancellationToken ct)
    {
        var counts = await MemberCountsAsync(db, organizations.Select(o => o.Id).ToList(), ct);
        return organizations.Select(o => o with { MemberCount = counts.GetValueOrDefault(o.Id) }).ToList();
    }
}
