using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Deletion;

/// <summary>
/// <c>/account/delete</c>: the word DELETE and the password. The Identity-API's refusals show inline (a typo, a wrong
/// password, being an organization's only owner); once it is done the browser is signed out and the home page says
/// goodbye.
/// </summary>
[Authorize]
public sealed class DeleteController(IdentityClient identity, SessionCache sessions, UserInvalidations users) : FormController
{
    [HttpGet(SiteRoutes.AccountDelete)]
    public IActionResult Index() => FormPage("Index", "_DeleteAccountForm", new DeleteAccountForm());

    [HttpPost(SiteRoutes.AccountDelete)]
    public Task<IActionResult> Delete([FromForm] DeleteAccountForm form, [FromServices] IValidator<DeleteAccountForm> validator) =>
        SubmitAsync(form, validator, "Index", "_DeleteAccountForm", async () =>
        {
            await identity.DeleteAccountAsync(new(form.Confirmation, form.Password), HttpContext.RequestAborted);
            if (User.UserId() is { } userId) users.Dropped(userId);
            if (Request.Cookies[SessionCookie.Name] is { Length: > 0 } token) await sessions.ForgetAsync(token, HttpContext.RequestAborted);
            SiteCookies.ClearSession(HttpContext);
            return Done(SiteRoutes.Home, "Your account is deleted and you are signed out. Thank you for the time you spent on Codex; goodbye.");
        });
}
