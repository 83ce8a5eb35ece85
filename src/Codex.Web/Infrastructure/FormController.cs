using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The one way a form post is handled: validate with the form's validator, call the worker, and either redirect
/// (303, or HX-Redirect) or answer 422 with the form and its inline errors, everything typed kept but passwords.
/// </summary>
public abstract class FormController : Controller
{
    protected const string Unreachable = "We couldn't reach Codex just now. Nothing you typed is lost: try again in a moment.";

    /// <summary>Runs <paramref name="onValid"/> for a valid form; otherwise, or when the worker refuses, the form again.</summary>
    protected async Task<IActionResult> SubmitAsync<TForm>(TForm form, IValidator<TForm> validator, string view, string partial,
        Func<Task<IActionResult>> onValid, object? model = null)
    {
        var status = StatusCodes.Status422UnprocessableEntity;
        var result = await validator.ValidateAsync(form, HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            foreach (var failure in result.Errors) ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
        }
        else
        {
            try
            {
                return await onValid();
            }
            catch (WorkerCallException e) when (e.Status != StatusCodes.Status401Unauthorized || e.Error.Code == ErrorCodes.InvalidCredentials)
            {
                ModelState.AddWorkerErrors(e);
                if (e.Status == StatusCodes.Status429TooManyRequests)
                {
                    // The worker's answer to this client, passed on to this client only, with how long to wait.
                    status = StatusCodes.Status429TooManyRequests;
                    if (e.RetryAfter is { } wait)
                        Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (WorkerUnavailableException)
            {
                ModelState.AddModelError("", Unreachable);
                status = StatusCodes.Status503ServiceUnavailable;
            }
        }
        Response.StatusCode = status;
        return Request.WantsFragment() ? PartialView(partial, model ?? form) : View(view, model ?? form);
    }

    /// <summary>A form page: the whole page, or just the form for a plain htmx request.</summary>
    protected IActionResult FormPage(string view, string partial, object model) =>
        Request.WantsFragment() ? PartialView(partial, model) : View(view, model);

    /// <summary>Success: a flash message for the next page, then post/redirect/get.</summary>
    protected IActionResult Done(string location, string? flash = null)
    {
        if (flash is not null) TempData[Flash.Key] = flash;
        return PageResults.Redirect(HttpContext, location);
    }
}

/// <summary>The one-line message shown on the page after a redirect.</summary>
public static class Flash
{
    public const string Key = "flash";
    /// <summary>A refusal to show after a redirect (shown as a warning, not as a success).</summary>
    public const string RefusalKey = "flash-refusal";
}
