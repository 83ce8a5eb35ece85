using System.Globalization;
using Codex.Contracts.Ecom;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Purchases;

/// <summary>
/// <c>/account/purchases</c>: what the signed-in user bought, newest first, each linking to its receipt,
/// <c>/account/purchases/{id}</c>, a page made to be printed. Only the buyer sees a receipt: the Ecom-API answers 404
/// for anyone else's purchase, and so does this page.
/// </summary>
[Authorize]
public sealed class PurchasesController(EcomClient ecom) : Controller
{
    public const int PageSize = 20;

    public static string ReceiptPath(Guid id) => SiteRoutes.AccountPurchases + "/" + id.ToString("D");

    [HttpGet(SiteRoutes.AccountPurchases)]
    public async Task<IActionResult> Index(string? page, CancellationToken ct)
    {
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage ? n : 1;
        var model = new PurchasesViewModel(await ecom.PurchasesAsync(number, PageSize, ct));
        return Request.WantsFragment() ? PartialView("_PurchasesList", model) : View(model);
    }

    [HttpGet(SiteRoutes.AccountPurchases + "/{id:guid}")]
    public async Task<IActionResult> Receipt(Guid id, CancellationToken ct)
    {
        if (await ecom.PurchaseAsync(id, ct) is not { } receipt) return NotFound();
        ViewData["NoIndex"] = true;
        return Request.WantsFragment() ? PartialView("_Receipt", receipt) : View(receipt);
    }
}

/// <summary>/account/purchases.</summary>
public sealed record PurchasesViewModel(PagedList<PurchaseDto> Purchases)
{
    public static string PageUrl(int page) => SiteRoutes.AccountPurchases + (page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>A purchase's state in words, the same in the list and on the receipt.</summary>
    public static string Status(PurchaseStatus status, int refundedCents) => status switch
    {
        PurchaseStatus.Refunded => "Refunded",
        PurchaseStatus.Disputed => "On hold while the payment is disputed",
        PurchaseStatus.Pending => "Waiting for the payment",
        _ when refundedCents > 0 => $"Paid, {Display.Price(refundedCents)} refunded",
        _ => "Paid",
    };
}
