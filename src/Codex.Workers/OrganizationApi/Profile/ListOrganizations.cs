using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary><c>GET /api/organizations</c>: every organization that is neither deleted nor suspended, by name, optionally searched by name or slug, each with its member count.</summary>
public static class ListOrganizations
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, CancellationToken ct)
    {
        var query = OrganizationListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        // Suspended organizations are out of public lists, as their content is out of the catalogue (ADR 028).
        var organizations = db.Organizations.AsNoTracking().Where(o => o.DeletedAt == null && o.SuspendedAt == null);
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            organizations = organizations.Where(o => o.Name.ToLower().Contains(term) || o.Slug.ToLower().Contains(term));
        }

        var total = await organizations.CountAsync(ct);
        // Ends on Id so that pages never overlap or skip organizations of the same name.
        var page = await organizations.OrderBy(o => o.Name.ToLower()).ThenBy(o => o.Id)
            .Skip((query.Page - 1) * query.Limit)
            .Take(query.Limit)
            .Select(OrganizationProjection.ToDto)
            .ToListAsync(ct);
        // One grouped count for the page's ids (ADR 035), not one per organization.
        page = await OrganizationProjection.WithMemberCountsAsync(db, page, ct);

        return Results.Json(new PagedList<OrganizationDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }
}
