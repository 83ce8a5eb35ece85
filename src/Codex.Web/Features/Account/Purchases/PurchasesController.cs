using System.Globalization;
using Codex.Contracts.Ecom;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Purchases;

/// <summary><c>/account/purchases</c>: what the signed-in user bought, newest first.</summary>
[Authorize]
public sealed class PurchasesController(EcomClient ecom) : Controller
{
    public const int PageSize = 20;

    [HttpGet("/account/purchases")]
    public async Task<IActionResult> Index(string? page, CancellationToken ct)
    {
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage ? n : 1;
        return View(new PurchasesViewModel(await ecom.PurchasesAsync(number, PageSize, ct)));
    }
}

/// <summary>/account/purchases.</summary>
public sealed record PurchasesViewModel(PagedList<PurchaseDto> Purchases)
{
    public static string PageUrl(int page) => "/account/purchases" + (page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : "");
}
