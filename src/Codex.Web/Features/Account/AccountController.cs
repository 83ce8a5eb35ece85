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

    /// <summary>
    /// Both forms post to the page's own address (issue 15, item 12), so a refused form leaves the address bar on
    /// <c>/account</c>; their hidden <c>Section</c> field says which one it is.
    /// </summary>
    [HttpPost(SiteRoutes.Account)]
    public Task<IActionResult> Save([FromForm] string? section, [FromForm] ProfileForm profile, [FromForm] ChangePasswordForm password,
        [FromServices] IValidator<ProfileForm> profileValidator, [FromServices] IValidator<ChangePasswordForm> passwordValidator) =>
        section == AccountViewModel.PasswordSection ? ChangePassword(password, passwordValidator) : Rename(profile, profileValidator);

    private Task<IActionResult> Rename(ProfileForm form, IValidator<ProfileForm> validator) =>
        SubmitAsync(form, validator, "Index", "_ProfileForm", async () =>
        {
            await auth.UpdateProfileAsync(new UpdateProfileRequest(form.Name), HttpContext.RequestAborted);
            return Done(SiteRoutes.Account, "Your name is saved.");
        }, Model(profile: form, failed: DomIds.ProfileForm));

    private Task<IActionResult> ChangePassword(ChangePasswordForm form, IValidator<ChangePasswordForm> validator) =>
        SubmitAsync(form, validator, "Index", "_PasswordForm", async () =>
        {
            await auth.ChangePasswordAsync(new ChangePasswordRequest(form.CurrentPassword, form.NewPassword), HttpContext.RequestAborted);
            return Done(SiteRoutes.Account, "Your password is changed. Your other sessions were signed out.");
        }, Model(password: form, failed: DomIds.PasswordForm));

    private AccountViewModel Model(ProfileForm? profile = null, ChangePasswordForm? password = null, string? failed = null) =>
        new(User.Email(), profile ?? new ProfileForm { Name = User.DisplayName() }, password ?? new ChangePasswordForm(), failed);
}
