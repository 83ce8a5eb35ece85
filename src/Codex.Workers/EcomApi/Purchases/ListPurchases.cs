using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Purchases;

/// <summary><c>GET /purchases</c>: the caller's purchase history, newest first, paged.</summary>
public static class ListPurchases
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CurrentUser currentUser, CodexDbContext db, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var reader = new QueryReader(name => request.Query[name].FirstOrDefault());
        var query = new PurchaseListQuery(reader.Int("page", 1), reader.Int("limit", Paging.DefaultLimit));
        reader.AddErrors(new PurchaseListQueryValidator().Validate(query));
        if (reader.FieldErrors is { } errors) throw ApiException.Validation(errors);

        var purchases = db.Purchases.AsNoTracking().Where(p => p.UserId == user.Id);
        var total = await purchases.CountAsync(ct);
        var page = await purchases
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit)
            .Select(PurchaseProjection.ToDto)
            .ToListAsync(ct);
        return Results.Json(new PagedList<PurchaseDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }
}
