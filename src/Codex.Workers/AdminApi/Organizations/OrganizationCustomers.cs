using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// <c>GET /api/admin/organizations/:id/customers?search=&amp;page=&amp;limit=</c>: who bought (or was given) what, when and
/// for how much, newest first, paged as every list. <c>format=csv</c> answers the whole list (the search applied) as a
/// CSV file, streamed row by row from the database, never held in memory and never capped at a page.
/// </summary>
public static class OrganizationCustomers
{
    public static async Task<IResult> HandleAsync(string id, HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        var organizationId = OrganizationManagers.ParseId(id);
        await access.RequireOrganizationManagerAsync(organizationId, AfterDeletion.PlatformAdmins, ct);
        var format = request.Query["format"].FirstOrDefault()?.Trim().ToLowerInvariant();
        if (format is not (null or "" or "json" or CustomerListFormat.Csv))
            throw ApiException.Validation("format", "Must be one of: json, csv.");
        var query = CustomerListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (format == CustomerListFormat.Csv && fieldErrors is not null)
            fieldErrors = fieldErrors.Where(e => e.Key is not ("page" or "limit")).ToDictionary() is { Count: > 0 } left ? left : null;
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var rows = SalesRows.Of(db, organizationId).Matching(query.Search).Newest();
        if (format == CustomerListFormat.Csv)
        {
            var slug = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Slug).FirstAsync(ct);
            return new CustomersCsvResult(rows.Select(SalesRows.ToDto).AsAsyncEnumerable(), $"{slug}-customers.csv");
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.Skip((query.Page - 1) * query.Limit).Take(query.Limit).Select(SalesRows.ToDto).ToListAsync(ct);
        return Results.Json(new PagedList<OrganizationPurchaseDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }
}
