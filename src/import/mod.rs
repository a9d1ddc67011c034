//! Stage: import (being built).
