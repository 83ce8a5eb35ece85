using Codex.Contracts.Auth;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;

namespace Codex.Web.Features.Auth;

/// <summary>Creating an account, verifying it, signing in and out, recovering a password.</summary>
public sealed class AuthController(AuthClient auth, SessionCache sessions, UserInvalidations users, ILogger<AuthController> logger) : FormController
{
    /// <summary>
    /// <c>?redirect=</c> (a local path) rides along: through the form, into the verification link, and back here
    /// once the address is confirmed, so a visitor who registers to accept an invitation lands on it.
    /// </summary>
    [HttpGet(SiteRoutes.Register)]
    public IActionResult Register(string? redirect) => User.IsSignedIn()
        ? Redirect(SafeRedirect.Or(redirect, "/"))
        : FormPage("Register", "_RegisterForm", new RegisterForm { Redirect = SafeRedirect.IsSafe(redirect) ? redirect : null });

    [HttpPost(SiteRoutes.Register)]
    public Task<IActionResult> Register([FromForm] RegisterForm form, [FromServices] IValidator<RegisterForm> validator)
    {
        if (!SafeRedirect.IsSafe(form.Redirect)) form.Redirect = null;
        return SubmitAsync(form, validator, "Register", "_RegisterForm", async () =>
        {
            var user = await auth.RegisterAsync(new RegisterRequest(form.Name, form.Email, form.Password) { Redirect = form.Redirect },
                HttpContext.RequestAborted);
            return Done($"{SiteRoutes.VerifyEmail}?email={Uri.EscapeDataString(user.Email)}&sent=1{RedirectQuery(form.Redirect)}",
                $"Welcome, {user.Name}! We sent a link to {user.Email}: open it to confirm your address and sign in.");
        });
    }

    private static string RedirectQuery(string? redirect) =>
        SafeRedirect.IsSafe(redirect) ? "&redirect=" + Uri.EscapeDataString(redirect!) : "";

    [HttpGet(SiteRoutes.Login)]
    public IActionResult Login(string? redirect) =>
        User.IsSignedIn()
            ? Redirect(SafeRedirect.Or(redirect, "/"))
            : FormPage("Login", "_LoginForm", new LoginForm { Redirect = SafeRedirect.IsSafe(redirect) ? redirect : null });

    [HttpPost(SiteRoutes.Login)]
    public Task<IActionResult> Login([FromForm] LoginForm form, [FromServices] IValidator<LoginForm> validator)
    {
        if (!SafeRedirect.IsSafe(form.Redirect)) form.Redirect = null;
        return SubmitAsync(form, validator, "Login", "_LoginForm", async () =>
        {
            try
            {
                var issued = await auth.LoginAsync(new LoginRequest(form.Email, form.Password), HttpContext.RequestAborted);
                SiteCookies.SetSession(HttpContext, issued.Token!, issued.Session.Session.ExpiresAt);
                return Done(form.Redirect ?? "/", $"Welcome back, {issued.Session.User.Name}.");
            }
            catch (WorkerCallException e) when (e.Error.Code == ErrorCodes.EmailNotVerified)
            {
                return Done($"{SiteRoutes.VerifyEmail}?email={Uri.EscapeDataString(form.Email!.Trim())}&sent=1{RedirectQuery(form.Redirect)}", e.Error.Message);
            }
        });
    }

    /// <summary>
    /// <c>GET /logout</c> (a bookmark, a typed address, an old link): signing out is a POST, so this page offers the
    /// button instead of a 400; signed out already, it says so.
    /// </summary>
    [HttpGet("/logout")]
    public IActionResult LogoutPage(string? redirect)
    {
        ViewData["NoIndex"] = true;
        var model = new LogoutViewModel(SafeRedirect.IsSafe(redirect) ? redirect : null);
        return Request.WantsFragment() ? PartialView("_LogoutForm", model) : View("Logout", model);
    }

    /// <summary>Signs out; <c>redirect</c> (a local path) is where to go next, e.g. back to an invitation to sign in as someone else.</summary>
    [HttpPost("/logout")]
    public async Task<IActionResult> Logout([FromForm] string? redirect)
    {
        try
        {
            await auth.SignOutAsync(HttpContext.RequestAborted);
        }
        catch (WorkerUnavailableException e)
        {
            // The cookie goes regardless; the session row expires on its own.
            logger.LogWarning(e.InnerException, "Auth unavailable at sign-out");
        }
        if (User.UserId() is { } userId) users.Dropped(userId);
        if (Request.Cookies[SessionCookie.Name] is { Length: > 0 } token) await sessions.ForgetAsync(token, HttpContext.RequestAborted);
        SiteCookies.ClearSession(HttpContext);
        // The browser's HTTP cache (signed-in pages kept for Back) goes too, with or without JavaScript (ADR 038).
        Response.Headers["Clear-Site-Data"] = "\"cache\"";
        return Done(SafeRedirect.Or(redirect, "/"), "You are signed out.");
    }

    [HttpGet(SiteRoutes.VerifyEmail)]
    public async Task<IActionResult> VerifyEmail(string? token, string? email, string? redirect, bool sent = false)
    {
        var next = SafeRedirect.IsSafe(redirect) ? redirect : null;
        if (string.IsNullOrEmpty(token))
            return FormPage("VerifyEmail", "_ResendForm", new VerifyEmailViewModel(new EmailForm { Email = email }, sent, false) { Redirect = next });
        try
        {
            var issued = await auth.VerifyEmailAsync(token, HttpContext.RequestAborted);
            SiteCookies.SetSession(HttpContext, issued.Token!, issued.Session.Session.ExpiresAt);
            return Done(next ?? "/library", $"Your email address is confirmed. Welcome, {issued.Session.User.Name}!");
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest && User.IsSignedIn())
        {
            // Signed in means confirmed (no session is issued before): an old or second click of the link changes nothing.
            return View(new VerifyEmailViewModel(new EmailForm { Email = User.Email() }, false, false) { Redirect = next, AlreadyVerified = true });
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new VerifyEmailViewModel(new EmailForm { Email = email }, false, true) { Redirect = next });
        }
    }

    [HttpPost(SiteRoutes.VerifyEmail)]
    public Task<IActionResult> ResendVerification([FromForm] EmailForm form, [FromServices] IValidator<EmailForm> validator) =>
        SubmitAsync(form, validator, "VerifyEmail", "_ResendForm", async () =>
        {
            // A link asked for again still leads where the first one did (the purchase or invitation that was waiting).
            var next = SafeRedirect.IsSafe(form.Redirect) ? form.Redirect : null;
            await auth.ResendVerificationAsync(form.Email!, next, HttpContext.RequestAborted);
            return Done($"{SiteRoutes.VerifyEmail}?email={Uri.EscapeDataString(form.Email!.Trim())}&sent=1"
                + (next is null ? "" : "&redirect=" + Uri.EscapeDataString(next)),
                "If that account still needs confirming, a new link is on its way.");
        }, new VerifyEmailViewModel(form, false, false) { Redirect = SafeRedirect.IsSafe(form.Redirect) ? form.Redirect : null });

    [HttpGet("/forgot-password")]
    public IActionResult ForgotPassword(string? email) => FormPage("ForgotPassword", "_ForgotForm", new EmailForm { Email = email });

    [HttpPost("/forgot-password")]
    public Task<IActionResult> ForgotPassword([FromForm] EmailForm form, [FromServices] IValidator<EmailForm> validator) =>
        SubmitAsync(form, validator, "ForgotPassword", "_ForgotForm", async () =>
        {
            await auth.SendResetAsync(form.Email!, HttpContext.RequestAborted);
            return Done($"/forgot-password?email={Uri.EscapeDataString(form.Email!.Trim())}",
                $"If an account exists for {form.Email!.Trim()}, we sent it a link to choose a new password. The link expires in 1 hour.");
        });

    [HttpGet(SiteRoutes.ResetPassword)]
    public IActionResult ResetPassword(string? token) => FormPage("ResetPassword", "_ResetForm", new ResetPasswordForm { Token = token });

    [HttpPost(SiteRoutes.ResetPassword)]
    public Task<IActionResult> ResetPassword([FromForm] ResetPasswordForm form, [FromServices] IValidator<ResetPasswordForm> validator) =>
        SubmitAsync(form, validator, "ResetPassword", "_ResetForm", async () =>
        {
            await auth.ResetPasswordAsync(new ResetPasswordRequest(form.Token, form.NewPassword), HttpContext.RequestAborted);
            SiteCookies.ClearSession(HttpContext);
            return Done(SiteRoutes.Login, "Your password is changed and every session was signed out. Sign in with the new password.");
        });
}
