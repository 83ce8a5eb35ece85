using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;

namespace Codex.Web.Features.Discover;

/// <summary><c>/discover</c>: the published catalogue across organizations, searchable and filterable.</summary>
public sealed class DiscoverController(ContentClient content, IValidator<DiscoverForm> validator) : Controller
{
    public const int PageSize = 12;

    [HttpGet("/discover")]
    public async Task<IActionResult> Index([FromQuery] DiscoverForm form, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(form, ct);
        DiscoverViewModel model;
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = new DiscoverViewModel { Form = form, Errors = validation.ToDictionary().AsReadOnly() };
        }
        else
        {
            try
            {
                model = new DiscoverViewModel { Form = form, Results = await content.ListAsync(form.ToQuery(PageSize), ct) };
            }
            catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                model = new DiscoverViewModel { Form = form, Errors = new Dictionary<string, string[]> { [""] = [e.Error.Message] } };
            }
            catch (WorkerUnavailableException)
            {
                // The page still renders: the results region becomes a notice with a retry link.
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = new DiscoverViewModel { Form = form, Unavailable = true };
            }
        }
        return Request.WantsFragment() ? PartialView("_DiscoverResults", model) : View(model);
    }
}
