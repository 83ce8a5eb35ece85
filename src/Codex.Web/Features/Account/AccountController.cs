using Codex.Contracts.Auth;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account;

/// <summary><c>/account</c>: change your name; change your password (which ends your other sessions).</summary>
[Authorize]
public sealed class AccountController(AuthClient auth) : FormController
{
    [HttpGet("/account")]
    public IActionResult Index() => FormPage("Index", "_Overview", Model());

    [HttpPost("/account/name")]
    public Task<IActionResult> Name([FromForm] ProfileForm form, [FromServices] IValidator<ProfileForm> validator) =>
        SubmitAsync(form, validator, "Index", "_ProfileForm", async () =>
        {
            await auth.UpdateProfileAsync(new UpdateProfileRequest(form.Name), HttpContext.RequestAborted);
            return Done("/account", "Your name is saved.");
        }, Model(profile: form, failed: DomIds.ProfileForm));

    [HttpPost("/account/password")]
    public Task<IActionResult> Password([FromForm] ChangePasswordForm form, [FromServices] IValidator<ChangePasswordForm> validator) =>
        SubmitAsync(form, validator, "Index", "_PasswordForm", async () =>
        {
            await auth.ChangePasswordAsync(new ChangePasswordRequest(form.CurrentPassword, form.NewPassword), HttpContext.RequestAborted);
            return Done("/account", "Your password is changed. Your other sessions were signed out.");
        }, Model(password: form, failed: DomIds.PasswordForm));

    private AccountViewModel Model(ProfileForm? profile = null, ChangePasswordForm? password = null, string? failed = null) =>
        new(User.Email(), profile ?? new ProfileForm { Name = User.DisplayName() }, password ?? new ChangePasswordForm(), failed);
}
