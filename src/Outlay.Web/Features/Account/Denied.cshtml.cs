using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Account;

public sealed class DeniedModel : OutlayPage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
