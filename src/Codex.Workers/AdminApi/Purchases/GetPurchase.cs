using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.AdminApi.Organizations;
using Codex.Workers.Pipeline;

namespace Codex.Workers.AdminApi.Purchases;

/// <summary>
/// <c>GET /api/admin/purchases/:id</c> (an addition to the contract): one purchase or grant, for platform admins and the
/// owners and admins of its organization; what the refund confirmation shows.
/// </summary>
public static class GetPurchase
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        var purchaseId = OrganizationManagers.ParseId(id);
        var (purchase, _) = await RefundPurchase.RequireAsync(db, access, purchaseId, ct);
        var dto = await SalesRows.FindAsync(db, purchase.Id, ct) ?? throw ApiException.NotFound("The purchase");
        return Results.Json(new DataEnvelope<OrganizationPurchaseDto>(dto), ContractJson.Options);
    }
}
