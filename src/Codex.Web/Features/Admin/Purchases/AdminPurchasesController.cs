using Codex.Contracts.Admin;
using Codex.Web.Features.Studio.Sales;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Purchases;

/// <summary>
/// <c>/admin/purchases</c>, for platform admins: every purchase and grant of the platform, filtered by a plain GET form
/// (htmx swaps the results), and "Refund" after a confirmation with the amount (all that is left by default, or part)
/// and a required reason, through the same refund route and form rules as the studio's sales page.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin/purchases")]
public sealed class AdminPurchasesController(AdminClient admin) : FormController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AdminPurchasesListForm form, CancellationToken ct)
    {
        var model = new AdminPurchasesViewModel(form);
        var query = form.ToQuery(AdminPurchasesViewModel.PageSize, out var errors);
        if (errors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = model with { Errors = errors };
        }
        else
        {
            try
            {
                model = model with { Results = await admin.PurchasesAsync(query, ct) };
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = model with { Unavailable = true };
            }
        }
        return Request.WantsFragment() ? PartialView("_Results", model) : View("Index", model);
    }

    /// <summary>The confirmation before a refund: its own page without JavaScript, in place above the list with htmx.</summary>
    [HttpGet("{id:guid}/refund")]
    public async Task<IActionResult> Refund(Guid id, CancellationToken ct)
    {
        if (await admin.PurchaseAsync(id, ct) is not { } purchase) return NotFound();
        return FormPage("Refund", "_RefundConfirm",
            new AdminRefundViewModel(purchase, new RefundForm { IdempotencyKey = Guid.NewGuid().ToString("N") }));
    }

    [HttpPost("{id:guid}/refund")]
    [ActionName("Refund")]
    public async Task<IActionResult> RefundConfirmed(Guid id, [FromForm] RefundForm form, [FromServices] IValidator<RefundForm> validator,
        CancellationToken ct)
    {
        if (await admin.PurchaseAsync(id, ct) is not { } purchase) return NotFound();
        if (string.IsNullOrWhiteSpace(form.IdempotencyKey) || form.IdempotencyKey.Length > 100) form.IdempotencyKey = Guid.NewGuid().ToString("N");
        var result = await SubmitAsync(form, validator, "Refund", "_RefundConfirm", async () =>
        {
            var refunded = await admin.RefundAsync(purchase.Id, form.ToRequest(), form.IdempotencyKey, ct);
            var amount = Display.Price(refunded.RefundedCents - purchase.RefundedCents);
            var message = refunded.Status == PurchaseStatus.Refunded
                ? $"Refunded {amount} to {refunded.UserName}; their access to \u201c{refunded.ContentTitle}\u201d has ended."
                : refunded.RefundedCents > purchase.RefundedCents
                    ? $"Refunded {amount} to {refunded.UserName}; they keep access to \u201c{refunded.ContentTitle}\u201d."
                    : $"The refund to {refunded.UserName} was sent to the payment provider; it shows here once the provider confirms it.";
            return Done(SiteRoutes.AdminPurchases + "?content=" + refunded.ContentId.ToString("D"), message);
        }, new AdminRefundViewModel(purchase, form));
        // The Admin-API speaks of cents (amountCents); the form asks for dollars.
        if (ModelState.TryGetValue("AmountCents", out var entry) && entry.Errors.Count > 0)
        {
            ModelState.Remove("AmountCents");
            ModelState.AddModelError(nameof(RefundForm.Amount),
                $"At most {Display.Price(purchase.PriceCents - purchase.RefundedCents)} of this purchase is left to refund.");
        }
        return result;
    }
}
