using Codex.Contracts.Ecom;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Htmx;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Checkout;

/// <summary>Buying: the Buy button's post and the page the buyer returns to.</summary>
public sealed class CheckoutController(EcomClient ecom, SiteUrls urls, ILogger<CheckoutController> logger) : FormController
{
    /// <summary>The step that resumes a purchase after signing in (issue 15, item 6).</summary>
    public const string ConfirmPath = "/checkout/buy";

    private const string AlreadyOwned = "You already own this. Enjoy!";

    /// <summary>
    /// Where "Sign in to buy" sends a visitor back to once signed in (through registration and the emailed
    /// verification link too): the confirmation step for <paramref name="contentId"/>.
    /// </summary>
    public static string ConfirmPathFor(Guid contentId) => ConfirmPath + "?content=" + contentId.ToString("D");

    /// <summary>
    /// <c>GET /checkout/buy?content={id}</c>: the item, its price and a Buy button that posts the checkout. A GET
    /// never spends money: it only shows what the button will do. Signed out, it goes through sign-in and back here.
    /// </summary>
    [HttpGet(ConfirmPath)]
    [Authorize]
    public async Task<IActionResult> Confirm([FromQuery] string? content, [FromServices] ContentClient contents,
        [FromServices] OwnedContent owned, [FromServices] Catalogue catalogue, CancellationToken ct)
    {
        if (!Guid.TryParseExact(content, "D", out var id) || await contents.GetAsync(id, ct) is not { } item) return NotFound();
        var path = Display.ContentPath(item);
        // Signed in as someone who already bought it: back to the item (which says Owned), told so, with nothing to press.
        if (await owned.OwnsAsync(item.Id)) return Done(path, AlreadyOwned);
        // Free, members-only or without a price, or an organization that does not sell now (purchases off, suspended):
        // nothing to buy here, as on the item's own page, which says what it offers.
        var organization = item.Organization is { } summary ? await catalogue.GetOrganizationAsync(summary.Slug, ct) : null;
        var sells = organization is { SuspendedAt: null }
            && ((await catalogue.GetSettingsAsync(organization, ct))?.Features.EnablePurchases ?? true);
        if (item.AccessType != AccessType.Paid || item.PriceCents is not > 0 || item.Status != ContentStatus.Published || !sells)
            return PageResults.Redirect(HttpContext, path);
        ViewData["NoIndex"] = true;
        var model = new ConfirmBuyViewModel(item, path, Guid.NewGuid().ToString("N"));
        return Request.WantsFragment() ? PartialView("_ConfirmBuy", model) : View(model);
    }

    [HttpPost("/checkout")]
    public async Task<IActionResult> Buy([FromForm] BuyForm form, [FromServices] IValidator<BuyForm> validator, CancellationToken ct)
    {
        var back = SafeRedirect.Or(form.ReturnPath, "/discover");
        if (HttpContext.SessionUnknown()) return ErrorPages.Unavailability(HttpContext, back);
        // Buying while signed out goes through sign-in and comes back to the confirmation step, not to the item's page
        // where Buy would have to be found and pressed again.
        if (!User.IsSignedIn())
            return PageResults.Redirect(HttpContext, SignInRedirect.To(form.ContentId is { } id ? ConfirmPathFor(id) : back));
        if (!(await validator.ValidateAsync(form, ct)).IsValid) return Done(back, "That purchase could not be started. Please try again.");

        try
        {
            var session = await ecom.CreateCheckoutAsync(new CreateCheckoutRequest(
                form.ContentId,
                urls.Absolute(SiteRoutes.CheckoutSuccess + "?session_id={CHECKOUT_SESSION_ID}"),
                urls.Absolute(back + (back.Contains('?') ? "&" : "?") + "checkout=cancelled")), form.IdempotencyKey!, ct);
            return PageResults.Redirect(HttpContext, session.SessionUrl);
        }
        catch (WorkerCallException e) when (e.Error.Code == ErrorCodes.AlreadyPurchased)
        {
            return Done(back, AlreadyOwned);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status422UnprocessableEntity or StatusCodes.Status400BadRequest
            or StatusCodes.Status404NotFound or StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
        {
            return Done(back, e.Error.Message);
        }
        catch (WorkerUnavailableException e)
        {
            logger.LogWarning(e.InnerException, "Checkout could not be started");
            return Done(back, "We couldn't start the checkout just now. You have not been charged; please try again in a moment.");
        }
    }

    /// <summary>
    /// Where the checkout returns: waits for the purchase (htmx polls every 2 s and stops once it is there; without
    /// JavaScript a "check again" link), then offers to play.
    /// </summary>
    [HttpGet(SiteRoutes.CheckoutSuccess)]
    [Authorize]
    public async Task<IActionResult> Success([FromQuery(Name = "session_id")] string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 255) return NotFound();
        var verify = await ecom.VerifyAsync(sessionId, ct);
        if (verify is null) return NotFound();
        if (verify.Purchase is not null) Response.Htmx(h => h.WithTrigger(HtmxEvents.LibraryChanged));
        var model = new CheckoutSuccessViewModel(sessionId, verify);
        return Request.WantsFragment() ? PartialView("_SuccessStatus", model) : View(model);
    }
}
