using Codex.Web.Features.Account.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Email;

/// <summary>
/// <c>/account/email</c>: change the account's address (the password, then a link mailed to the new address), and
/// <c>/account/email/confirm?token=</c>, the link's page: a Confirm button that posts (a GET never changes the address, so
/// a mail scanner that follows links confirms nothing). The link works without being signed in.
/// </summary>
public sealed class EmailController(IdentityClient identity, UserInvalidations users) : FormController
{
    [Authorize]
    [HttpGet(AccountSections.Email)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        FormPage("Index", "_ChangeEmailForm", new EmailPageViewModel(await identity.GetProfileAsync(ct), new ChangeEmailForm()));

    [Authorize]
    [HttpPost(AccountSections.Email)]
    public async Task<IActionResult> Change([FromForm] ChangeEmailForm form, [FromServices] IValidator<ChangeEmailForm> validator, CancellationToken ct)
    {
        var profile = await identity.GetProfileAsync(ct);
        return await SubmitAsync(form, validator, "Index", "_ChangeEmailForm", async () =>
        {
            await identity.ChangeEmailAsync(new(form.NewEmail, form.Password), ct);
            return Done(AccountSections.Email,
                $"We sent a link to {form.NewEmail!.Trim()}. Open it to confirm the new address; until then, your current one stays in use.");
        }, new EmailPageViewModel(profile, form));
    }

    [HttpGet(SiteRoutes.ConfirmEmailChange)]
    public IActionResult Confirm(string? token) => View(new ConfirmEmailForm { Token = token });

    [HttpPost(SiteRoutes.ConfirmEmailChange)]
    public Task<IActionResult> Confirm([FromForm] ConfirmEmailForm form, [FromServices] IValidator<ConfirmEmailForm> validator) =>
        SubmitAsync(form, validator, "Confirm", "Confirm", async () =>
        {
            try
            {
                await identity.ConfirmEmailChangeAsync(form.Token!, HttpContext.RequestAborted);
            }
            catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict)
            {
                // The page has one button and no fields: every refusal is a sentence above it.
                ModelState.AddModelError("", e.Error.Code == ErrorCodes.InvalidToken
                    ? "This link is invalid, already used or expired. Ask for a new one on your account's email page."
                    : e.Error.Message);
                Response.StatusCode = e.Status;
                return View(form);
            }
            // The session this browser had (if any) now carries the old address: the worker dropped it, and so does the site.
            if (User.UserId() is { } userId) users.Dropped(userId);
            return User.IsSignedIn()
                ? Done(AccountSections.Email, "Your new email address is confirmed. Your other sessions were signed out.")
                : Done(SiteRoutes.Login, "Your new email address is confirmed. Sign in with it.");
        });
}
